package dev.sluice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What a stat shows of a file, read without opening it. The real path and file key change when a
 * symlink is pointed elsewhere (Kubernetes ConfigMap swaps) or the file is replaced by a rename;
 * size and modification time (at full precision) change on an in-place edit.
 */
record FileStamp(Path realPath, Object fileKey, long size, FileTime modified) {

    /** The file's stamp, or null if it cannot be read (missing mid-swap, say). */
    static FileStamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(file.toRealPath(), a.fileKey(), a.size(), a.lastModifiedTime());
        } catch (IOException e) {
            return null;
        }
    }
}
