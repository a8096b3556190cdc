from inmarket.cli import main

main()
