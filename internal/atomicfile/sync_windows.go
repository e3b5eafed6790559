package atomicfile

// canSyncDir is false on Windows, where a folder cannot be opened for syncing; NTFS journals
// the rename itself.
const canSyncDir = false
