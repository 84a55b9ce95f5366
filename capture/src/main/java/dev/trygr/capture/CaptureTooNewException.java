package dev.trygr.capture;

/** The capture was written by a newer trygr whose schema this code does not know; it is refused, never altered. */
public final class CaptureTooNewException extends CaptureException {
    private final int fileSchema;
    private final int knownSchema;

    public CaptureTooNewException(String fileName, int fileSchema, int knownSchema) {
        super(fileName + " was written by a newer trygr (schema " + fileSchema + ", this trygr knows up to "
                + knownSchema + "); upgrade trygr");
        this.fileSchema = fileSchema;
        this.knownSchema = knownSchema;
    }

    /** The file's {@code PRAGMA user_version}. */
    public int fileSchema() {
        return fileSchema;
    }

    /** The newest schema version this code can read and write. */
    public int knownSchema() {
        return knownSchema;
    }
}
