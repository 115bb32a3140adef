from breachkit.cli import main

main()
