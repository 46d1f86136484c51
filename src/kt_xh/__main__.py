from kt_xh.cli import main

main()
