package dev.replay.config.bench;

import java.io.OutputStream;

/**
 * Parses PostgreSQL's binary {@code COPY ... TO STDOUT} stream as it arrives, in chunks cut
 * anywhere: the 19-byte header (its signature checked) and its extension, then per tuple a 16-bit field count (-1 ends the
 * stream) and per field a 32-bit length (-1 for null) and that many bytes. Counts the tuples and
 * adds every value byte to a checksum, so each byte is looked at once. Not thread-safe.
 */
final class BinaryCopyParser extends OutputStream {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final int HEADER = SIGNATURE.length + 4 + 4; // signature, flags, extension length

    private enum State { HEADER, EXTENSION, FIELD_COUNT, FIELD_LENGTH, VALUE, DONE }

    private State state = State.HEADER;
    /** Bytes of the current number (big-endian) or of the header still to come. */
    private int wanted = HEADER;
    private long number;
    private int fieldsLeft;
    private long tuples;
    private long checksum;

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (state == State.VALUE || state == State.EXTENSION) {
                int take = Math.min(wanted, end - i);
                for (int j = i; j < i + take; j++) {
                    checksum += bytes[j]; // a sum, not a polynomial: no multiply chain to wait on
                }
                i += take;
                wanted -= take;
            } else if (state == State.DONE) {
                throw new IllegalStateException("Binary COPY sent " + (end - i) + " bytes after its trailer");
            } else {
                checkSignature(bytes[i]);
                number = (number << 8) | (bytes[i++] & 0xFF);
                wanted--;
            }
            if (wanted == 0) {
                advance();
            }
        }
    }

    private void checkSignature(byte b) {
        int at = HEADER - wanted;
        if (state == State.HEADER && at < SIGNATURE.length && b != SIGNATURE[at]) {
            throw new IllegalStateException("Not a binary COPY stream: byte " + at + " of its signature is " + b);
        }
    }

    /** The next state once the current part is complete. */
    private void advance() {
        switch (state) {
            case HEADER -> expectNumberOr(State.EXTENSION, (int) number, State.FIELD_COUNT); // its last 4 bytes
            case EXTENSION, VALUE -> nextField();
            case FIELD_COUNT -> {
                short fields = (short) number;
                if (fields == -1) {
                    state = State.DONE;
                    return;
                }
                tuples++;
                fieldsLeft = fields;
                nextField();
            }
            case FIELD_LENGTH -> {
                fieldsLeft--;
                expectNumberOr(State.VALUE, (int) number, fieldsLeft == 0 ? State.FIELD_COUNT : State.FIELD_LENGTH);
            }
            default -> throw new IllegalStateException("Binary COPY parser in state " + state);
        }
    }

    /** {@code bytes} bytes of {@code state} when positive; else straight on to the number of {@code otherwise}. */
    private void expectNumberOr(State bytesState, int bytes, State otherwise) {
        if (bytes > 0) {
            state = bytesState;
            wanted = bytes;
        } else {
            expectNumber(otherwise);
        }
    }

    private void nextField() {
        expectNumber(fieldsLeft == 0 ? State.FIELD_COUNT : State.FIELD_LENGTH);
    }

    private void expectNumber(State numberState) {
        state = numberState;
        wanted = numberState == State.FIELD_COUNT ? 2 : 4;
        number = 0;
    }

    /**
     * The tuples read.
     *
     * @throws IllegalStateException when the stream ended before its trailer
     */
    long finish() {
        if (state != State.DONE) {
            throw new IllegalStateException("Binary COPY ended in " + state + " after " + tuples + " tuples, before its trailer");
        }
        return tuples;
    }

    /** The checksum of every value byte; read so that the work is not optimised away. */
    long checksum() {
        return checksum;
    }
}
