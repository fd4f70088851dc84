package dev.replay.archive.sink;

import dev.replay.archive.storage.StorageConnection;
import dev.replay.archive.storage.StorageEntry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What at an export's output an earlier export wrote, and so what {@code --overwrite} may delete;
 * never a tree the platform did not create.
 *
 * <ul>
 *   <li>A directory of parts is an export's own when it holds the {@value #MARKER} marker (written
 *       by the export that created it, naming that export) or an earlier export recorded exactly
 *       this output, and it holds nothing but an export's files: {@code part-NNNNN.<ext>},
 *       {@code _SUCCESS} and the marker. Anything else there (a file of another name, a
 *       subdirectory) refuses the overwrite, named. An empty directory holds nothing to delete.</li>
 *   <li>A single file is an export's own when an earlier export recorded exactly this output.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class ExportOutputContents {

    /** The marker an export writes into a directory of parts it creates; its text names that export. */
    static final String MARKER = "_replay_export";
    private static final Pattern EXPORT_FILE = Pattern.compile(
            "part-\\d{5,}\\.(parquet|jsonl|csv)|" + Pattern.quote(ExportStorage.SUCCESS) + "|" + Pattern.quote(MARKER));

    private ExportOutputContents() {
    }

    /**
     * The files an export wrote at {@code output}, which an overwrite deletes; the output itself
     * last when it is a directory the marker proves an export created.
     *
     * @param recorded whether an earlier export recorded exactly this output
     * @throws ExportOutputRefusedException naming the output, and a file no export wrote, when it holds one
     */
    static List<URI> own(StorageConnection storage, ExportOutput output, boolean recorded) {
        Optional<StorageEntry> found = storage.status(output.uri());
        if (found.isEmpty()) {
            return List.of();
        }
        StorageEntry status = found.get();
        if (!status.directory()) {
            if (!recorded) {
                throw refused(output, "it is a file that no earlier export wrote");
            }
            return List.of(status.uri());
        }
        List<URI> own = new ArrayList<>();
        boolean marked = false;
        for (StorageEntry entry : storage.list(output.uri())) {
            String name = entry.name();
            if (entry.directory() || !EXPORT_FILE.matcher(name).matches()) {
                throw refused(output, "it holds " + (entry.directory() ? "the directory " : "") + name
                        + ", which no export wrote");
            }
            marked |= name.equals(MARKER);
            own.add(entry.uri());
        }
        if (!own.isEmpty() && !marked && !recorded) {
            throw refused(output, "it holds no " + MARKER + " marker and no earlier export wrote there");
        }
        if (marked) {
            own.add(status.uri()); // created by an export, and empty once its files are gone
        }
        return own;
    }

    private static ExportOutputRefusedException refused(ExportOutput output, String reason) {
        return new ExportOutputRefusedException(output, "out " + output + " is not an earlier export's output, "
                + "so --overwrite will not delete it: " + reason + "; move it away or choose another --out");
    }
}
