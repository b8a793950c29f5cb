from tokumei.cli.main import main

main()
