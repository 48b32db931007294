package io.traverse.disktransfer.copy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A byte range of a disk: {@code [offset, offset + length)}. */
public record Extent(long offset, long length) {

    public Extent {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad extent " + offset + "+" + length);
        }
    }

    public long end() {
        return offset + length;
    }

    /** Sorts, merges overlapping and touching extents, clips them to {@code [0, limit)} and drops empty ones. */
    public static List<Extent> normalize(List<Extent> extents, long limit) {
        List<Extent> sorted = new ArrayList<>(extents);
        sorted.sort(Comparator.comparingLong(Extent::offset));
        List<Extent> out = new ArrayList<>();
        for (Extent e : sorted) {
            long start = Math.min(e.offset(), limit);
            long end = Math.min(e.end(), limit);
            if (end <= start) {
                continue;
            }
            if (!out.isEmpty() && out.getLast().end() >= start) {
                Extent last = out.removeLast();
                out.add(new Extent(last.offset(), Math.max(last.end(), end) - last.offset()));
            } else {
                out.add(new Extent(start, end - start));
            }
        }
        return out;
    }

    /** Cuts extents into pieces of at most {@code max} bytes, in order: the unit of work, progress and checkpoints. */
    public static List<Extent> split(List<Extent> extents, long max) {
        List<Extent> out = new ArrayList<>();
        for (Extent e : extents) {
            for (long o = e.offset(); o < e.end(); o += max) {
                out.add(new Extent(o, Math.min(max, e.end() - o)));
            }
        }
        return out;
    }

    public static long total(List<Extent> extents) {
        return extents.stream().mapToLong(Extent::length).sum();
    }
}
