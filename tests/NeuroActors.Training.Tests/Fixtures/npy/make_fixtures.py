#!/usr/bin/python3
"""Writes the .npy and .csv fixtures of NpyArrayTests, ArraysDatasetTests and TrainingConfigLoaderTests.

Run with Debian's python3-numpy: /usr/bin/python3 make_fixtures.py (in this folder). The patterns are formulas the
tests recompute, so that a test compares the reader against the formula, not against the reader.
"""
import numpy as np

S, T, U = 4, 3, 5

# Every accepted dtype holding arange(6).reshape(2, 3) - 2 (bool: != 0).
base = np.arange(6).reshape(2, 3) - 2
for name, dtype in [("f4", "<f4"), ("f8", "<f8"), ("i1", "|i1"), ("i2", "<i2"), ("i4", "<i4"), ("i8", "<i8")]:
    np.save(f"dtype_{name}.npy", base.astype(dtype))
np.save("dtype_u1.npy", (base + 2).astype("|u1"))
np.save("dtype_b1.npy", base != 0)
# Format versions 2.0 and 3.0 of the same float32 array.
for version in [(2, 0), (3, 0)]:
    with open(f"version_{version[0]}.npy", "wb") as f:
        np.lib.format.write_array(f, base.astype("<f4"), version=version)
# Refused: Fortran order, big-endian, unsigned 16-bit, structured.
np.save("fortran.npy", np.asfortranarray(base.astype("<f8")))
np.save("big_endian.npy", base.astype(">f4"))
np.save("uint16.npy", (base + 2).astype("<u2"))
np.save("structured.npy", np.zeros(3, dtype=[("a", "<f8"), ("b", "<i4")]))

# Spike trains [samples, steps, units]: a spike where (s + 2t + 3u) % 4 == 0.
s, t, u = np.meshgrid(np.arange(S), np.arange(T), np.arange(U), indexing="ij")
spikes = ((s + 2 * t + 3 * u) % 4 == 0).astype("|u1")
np.save("spikes_u1.npy", spikes)
# The same spikes as a CSV event list, in a scrambled order (the reader sorts them).
events = np.argwhere(spikes == 1)[::-1]
with open("spikes_events.csv", "w") as f:
    f.write("sample,step,unit\n")
    for e in events:
        f.write(f"{e[0]},{e[1]},{e[2]}\n")
# Values [samples, steps, units]: ((s + t + u) % 3) * 0.5, zeros included.
np.save("values_f4.npy", (((s + t + u) % 3) * 0.5).astype("<f4"))
# Features [samples, units]: (s - u) * 0.25, as .npy and as a CSV with a header line.
fs, fu = np.meshgrid(np.arange(S), np.arange(U), indexing="ij")
features = (fs - fu) * 0.25
np.save("features_f8.npy", features)
np.savetxt("features.csv", features, delimiter=",", header=",".join(f"x{i}" for i in range(U)), comments="")
# Labels: s % 3, so classes = 3.
np.save("labels_i8.npy", (np.arange(S) % 3).astype("<i8"))
np.save("labels_i4_column.npy", (np.arange(S) % 3).astype("<i4").reshape(S, 1))
np.save("labels_f4.npy", (np.arange(S) % 3).astype("<f4"))
np.save("labels_one_class.npy", np.zeros(S, dtype="<i8"))
np.save("labels_three.npy", (np.arange(3) % 3).astype("<i8"))
with open("labels.csv", "w") as f:
    f.write("label\n" + "".join(f"{i % 3}\n" for i in range(S)))
# Initial weights [out, in] = [3, 5]: 0.1·(r·5 + c).
np.save("weights_3x5.npy", (np.arange(15).reshape(3, 5) * 0.1).astype("<f4"))
