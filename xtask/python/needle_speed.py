"""Times NeuroKit2's `emg_process` on the needle recording `cargo xtask bench needle` wrote.

Prints one JSON object: the NeuroKit2 version and the best of three wall-clock times (seconds)
of `emg_process` (band-pass cleaning, amplitude envelope and activity onsets) over the whole
channel. Run by `cargo xtask bench needle` in its own virtual environment. NeuroKit2 does much
less than edxview's needle analysis (no potentials, units or classes): the figure is for scale.
"""
import json
import sys
import time


def main():
    bdf_path = sys.argv[1]
    import neurokit2
    import pyedflib

    with pyedflib.EdfReader(bdf_path) as reader:
        signal = reader.readSignal(0)
        rate = reader.getSampleFrequency(0)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        neurokit2.emg_process(signal, sampling_rate=int(rate))
        times.append(time.perf_counter() - started)
    print(json.dumps({"version": neurokit2.__version__, "seconds": min(times), "samples": len(signal), "rate_hz": rate}))


if __name__ == "__main__":
    sys.exit(main())
