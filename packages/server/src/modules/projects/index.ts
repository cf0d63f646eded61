/** What the projects module offers: who owns each plan row, and a plan's projects with the beds forecast. */
export { addTask, listTasks, projectsView, rowOwners, setTaskStatus, updateProject } from './service';
