package io.traverse.disktransfer.target;

/**
 * How far an interrupted round got, kept in the volume's metadata (short: Cinder allows 255 characters a value):
 * the round, the snapshot it read, that snapshot's change id, the change id the round copies from ("*" for all,
 * "-" without CBT), the chunk size, and the disk offset below which the target already matches the snapshot.
 */
public record Checkpoint(int round, String snapshot, String snapshotChangeId, String baseChangeId, int chunkSize,
                         long doneOffset) {

    public String encode() {
        return round + "|" + snapshot + "|" + snapshotChangeId + "|" + baseChangeId + "|" + chunkSize + "|" + doneOffset;
    }

    public static Checkpoint decode(String s) {
        String[] p = s.split("\\|", -1);
        if (p.length != 6) {
            throw new IllegalArgumentException("not a checkpoint: " + s);
        }
        return new Checkpoint(Integer.parseInt(p[0]), p[1], p[2], p[3], Integer.parseInt(p[4]), Long.parseLong(p[5]));
    }

    public Checkpoint withDoneOffset(long offset) {
        return new Checkpoint(round, snapshot, snapshotChangeId, baseChangeId, chunkSize, offset);
    }
}
