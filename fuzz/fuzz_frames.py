"""atheris: camera frame normalisation on arrays of any dtype and shape built from bytes."""

from _harness import run

DTYPES = ("uint8", "uint16", "int16", "int32", "float16", "float32", "float64", "bool", "int8")


def target(data: bytes) -> None:
    import atheris
    import numpy as np

    from hardware.camera.frames import normalise_frame

    fdp = atheris.FuzzedDataProvider(data)
    dtype = np.dtype(DTYPES[fdp.ConsumeIntInRange(0, len(DTYPES) - 1)])
    shape = tuple(fdp.ConsumeIntInRange(0, 48) for _ in range(fdp.ConsumeIntInRange(0, 4)))
    raw = fdp.ConsumeBytes(int(np.prod(shape, dtype=np.int64)) * dtype.itemsize)
    count = len(raw) // dtype.itemsize
    array = np.frombuffer(raw[: count * dtype.itemsize], dtype=dtype)
    if array.size == int(np.prod(shape, dtype=np.int64)):
        array = array.reshape(shape)
    image = normalise_frame(array)
    assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3


if __name__ == "__main__":
    run(target, ("hardware.camera.frames",))
