from msglint.cli import main

main(prog_name="msglint")
