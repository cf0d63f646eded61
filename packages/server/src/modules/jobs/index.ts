/** What the jobs module offers: long work run as a job, and the progress callback work reports to. */
export { IGNORE_PROGRESS, getJob, startJob, type Progress, type ProgressReporter } from './service';
