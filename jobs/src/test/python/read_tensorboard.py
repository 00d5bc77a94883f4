"""Prints, as JSON, what TensorBoard's own loader reads from a directory of event files.

Usage: python read_tensorboard.py DIR. Output: {"scalars": {tag: [[step, value], ...]}, "texts": {tag: [[step, text]]},
"text_plugin_tags": [...]}, in the order TensorBoard holds them, after its purge of events orphaned by a restart.
Non-finite values print as the strings "NaN", "Infinity", "-Infinity".
"""
import json
import math
import sys

from tensorboard.backend.event_processing import event_accumulator


def number(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def main(path):
    acc = event_accumulator.EventAccumulator(path, size_guidance={event_accumulator.SCALARS: 0, event_accumulator.TENSORS: 0})
    acc.Reload()
    tags = acc.Tags()
    out = {
        "scalars": {t: [[e.step, number(e.value)] for e in acc.Scalars(t)] for t in tags["scalars"]},
        "texts": {t: [[e.step, b"".join(e.tensor_proto.string_val).decode("utf-8")] for e in acc.Tensors(t)]
                  for t in tags["tensors"]},
        "text_plugin_tags": sorted(acc.PluginTagToContent("text")),
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
