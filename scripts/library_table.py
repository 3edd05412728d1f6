"""Print the README's table of recognised libraries, made from every library module's ``ABOUT``.

    python scripts/library_table.py      # paste over the table under "What is recognised"
"""
from msglint.analyzer.libraries import about_table

if __name__ == "__main__":
    print(about_table(), end="")
