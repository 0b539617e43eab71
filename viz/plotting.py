"""What every viz script shares: the matplotlib guard, the exit codes, saving a figure."""
import os
import sys

from runlog import InputError

STATE_COLOURS = {"busy": "#2ca02c", "idle": "#d9d9d9", "blocked": "#ff7f0e", "down": "#d62728",
                 "setup": "#1f77b4"}


def figure_class():
    """matplotlib's Figure (no display needed), or None with a message if it is missing."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        print(f"{os.path.basename(sys.argv[0])}: {sys.executable} cannot import matplotlib; "
              "install python3-matplotlib (scripts/setup.sh does)", file=sys.stderr)
        return None
    return Figure


def run_main(name, body):
    """Runs body(Figure); exit 0, 1 without matplotlib, 2 on bad input."""
    Figure = figure_class()
    if Figure is None:
        return 1
    try:
        return body(Figure) or 0
    except InputError as e:
        print(f"{name}: {e}", file=sys.stderr)
        return 2


def save(fig, path, legend_axes=()):
    for ax in legend_axes:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    for ax in fig.axes:
        ax.grid(alpha=0.3)
        ax.set_axisbelow(True)
    fig.savefig(path, dpi=100, bbox_inches="tight")
    return os.path.basename(path)


def need(mapping, *keys, where):
    """mapping[k1][k2]..., or InputError naming the missing key and the file."""
    node = mapping
    for key in keys:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            raise InputError(f"{where}: missing {'.'.join(map(str, keys))}") from None
    return node
