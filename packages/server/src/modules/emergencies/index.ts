/** What the emergency module offers to the others: opening an event (the demo opens one from its signal). */
export { openEvent } from './events';
export { emergencyRoutes } from './routes';
export { createTeam } from './teams';
export { createHolder, receive } from './reserve';
export { addEventTask } from './tasks';
