/** What the backup module offers: writing a backup of either engine and restoring one into an empty database. */
export { logicalBackupStream, restoreBackup, writeBackup } from './service';
