"""Times established readers on the benchmark files `cargo xtask bench formats` wrote.

Prints one JSON object: for each reader, the best of three wall-clock times (seconds) to decode
every channel to floating point. Run by `cargo xtask bench formats` in its own virtual environment.
"""
import json
import sys
import time


def best_of_three(read):
    times = []
    for _ in range(3):
        started = time.perf_counter()
        read()
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    edf_path, header_path = sys.argv[1], sys.argv[2]
    results = {}
    try:
        import pyedflib

        def read_pyedflib():
            with pyedflib.EdfReader(edf_path) as reader:
                return [reader.readSignal(channel) for channel in range(reader.signals_in_file)]

        results["pyEDFlib " + pyedflib.__version__] = best_of_three(read_pyedflib)
    except ImportError as error:
        results["pyEDFlib"] = str(error)
    try:
        import mne

        mne.set_log_level("ERROR")
        results["MNE " + mne.__version__] = best_of_three(lambda: mne.io.read_raw_edf(edf_path, preload=True).get_data())
    except ImportError as error:
        results["MNE"] = str(error)
    try:
        import wfdb

        record = header_path[: -len(".hea")]
        results["wfdb-python " + wfdb.__version__] = best_of_three(lambda: wfdb.rdrecord(record).p_signal)
    except ImportError as error:
        results["wfdb-python"] = str(error)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
