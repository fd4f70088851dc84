package dev.replay.jobs.export;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

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
            "part-\\d{5,}\\.(parquet|jsonl|csv)|" + Pattern.quote(FinishExportTasklet.SUCCESS) + "|" + Pattern.quote(MARKER));

    private ExportOutputContents() {
    }

    /**
     * The files an export wrote at {@code output}, which an overwrite deletes; the output itself
     * last when it is a directory the marker proves an export created.
     *
     * @param recorded whether an earlier export recorded exactly this output
     * @throws ExportOutputRefusedException naming the output, and a file no export wrote, when it holds one
     */
    static List<Path> own(FileSystem fs, ExportOutput output, boolean recorded) throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(output.hadoopPath());
        } catch (FileNotFoundException e) {
            return List.of();
        }
        if (!status.isDirectory()) {
            if (!recorded) {
                throw refused(output, "it is a file that no earlier export wrote");
            }
            return List.of(status.getPath());
        }
        List<Path> own = new ArrayList<>();
        boolean marked = false;
        for (FileStatus entry : fs.listStatus(output.hadoopPath())) {
            String name = entry.getPath().getName();
            if (entry.isDirectory() || !EXPORT_FILE.matcher(name).matches()) {
                throw refused(output, "it holds " + (entry.isDirectory() ? "the directory " : "") + name
                        + ", which no export wrote");
            }
            marked |= name.equals(MARKER);
            own.add(entry.getPath());
        }
        if (!own.isEmpty() && !marked && !recorded) {
            throw refused(output, "it holds no " + MARKER + " marker and no earlier export wrote there");
        }
        if (marked) {
            own.add(status.getPath()); // created by an export, and empty once its files are gone
        }
        return own;
    }

    private static ExportOutputRefusedException refused(ExportOutput output, String reason) {
        return new ExportOutputRefusedException(output, "out " + output + " is not an earlier export's output, "
                + "so --overwrite will not delete it: " + reason + "; move it away or choose another --out");
    }
}
