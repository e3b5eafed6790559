//go:build !windows

package atomicfile

// canSyncDir: a folder is synced after a rename in it (fsync on the folder).
const canSyncDir = true
