"""Executes a notebook with nbclient, as `jupyter nbconvert --execute` and papermill do, then validates it.

Usage: /usr/bin/python3 execute_notebook.py IN.ipynb OUT.ipynb [EXTRA_KERNEL_ARGUMENT...]

The kernel is the one the notebook's metadata names (kernelspec.name), found in the Jupyter environment the script
is given; EXTRA_KERNEL_ARGUMENTs are appended to the kernelspec's argv (nbclient's extra_arguments). OUT.ipynb is
written even when a cell fails (with the outputs so far), then the error is raised; it is validated with nbformat.
"""

import sys

import nbformat
from nbclient import NotebookClient


def main():
    source, target, extra_arguments = sys.argv[1], sys.argv[2], sys.argv[3:]
    notebook = nbformat.read(source, as_version=4)
    client = NotebookClient(notebook, timeout=600, startup_timeout=60, extra_arguments=extra_arguments)
    try:
        client.execute()
    finally:
        nbformat.write(notebook, target)
    nbformat.validate(nbformat.read(target, as_version=4))


if __name__ == "__main__":
    main()
