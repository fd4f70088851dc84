package dev.replay.config.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BinaryCopyParserTest {

    /** A binary COPY stream of {@code rows} tuples of three fields (text, null, empty), with a header extension. */
    private static byte[] stream(int rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
        out.writeInt(0);
        out.writeInt(3);
        out.write(new byte[] {7, 7, 7});
        for (int row = 0; row < rows; row++) {
            out.writeShort(3);
            byte[] value = ("event-" + row).getBytes(StandardCharsets.UTF_8);
            out.writeInt(value.length);
            out.write(value);
            out.writeInt(-1);
            out.writeInt(0);
        }
        out.writeShort(-1);
        return bytes.toByteArray();
    }

    @Test
    @DisplayName("Issue 15: the binary COPY read counts every tuple, however the stream is cut into chunks")
    void countsTuplesAcrossChunks() throws IOException {
        byte[] stream = stream(1000);
        Random random = new Random(15);
        for (int attempt = 0; attempt < 20; attempt++) {
            // given
            BinaryCopyParser parser = new BinaryCopyParser();

            // when: chunks of 1 to 40 bytes, single bytes through write(int) too
            for (int at = 0; at < stream.length; ) {
                int length = Math.min(stream.length - at, 1 + random.nextInt(40));
                if (length == 1) {
                    parser.write(stream[at]);
                } else {
                    parser.write(stream, at, length);
                }
                at += length;
            }

            // then
            assertThat(parser.finish()).isEqualTo(1000);
        }
    }

    @Test
    @DisplayName("Issue 15: a binary COPY stream cut before its trailer is an error, not a short count")
    void aStreamWithoutTrailerFails() throws IOException {
        byte[] stream = stream(10);
        BinaryCopyParser parser = new BinaryCopyParser();
        parser.write(Arrays.copyOf(stream, stream.length - 2));

        assertThatThrownBy(parser::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("10 tuples");
    }

    @Test
    @DisplayName("Issue 15: the binary COPY read refuses a stream that is not binary COPY, such as text COPY")
    void aTextStreamFails() {
        BinaryCopyParser parser = new BinaryCopyParser();

        assertThatThrownBy(() -> parser.write("1\tAccount\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("signature");
    }
}
