from kt_xh.launcher import main

main()
