/** The colour of each evaluation status, the same on the scorecard, the trend drawer and the league. */
import type { RowStatus } from '@weijian/core';

export const STATUS_COLOR: Record<RowStatus, string> = {
  achieved: 'green',
  within_ceiling: 'cyan',
  on_schedule: 'blue',
  behind: 'orange',
  deteriorating: 'red',
  no_data: 'default',
  withdrawn: 'default',
  not_evaluable: 'purple',
};
