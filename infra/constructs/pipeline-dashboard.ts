import { Duration } from 'aws-cdk-lib';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { QueueWithConsumer } from './queue-with-consumer.ts';

export interface PipelineDashboardProps {
  /** In pipeline order: each becomes one row. */
  readonly stages: readonly QueueWithConsumer[];
  /** Alarms of the stack that belong to no queue (the deadline sweeper's), shown with the stages' ones. */
  readonly alarms?: readonly IAlarm[];
}

/** One page for ops: every alarm's state on top, then one row per queue — depth, age, and its consumer. */
export class PipelineDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });

    this.dashboard.addWidgets(
      new AlarmStatusWidget({
        title: 'Flashpoint alarms',
        alarms: [...props.stages.flatMap((stage) => stage.alarms), ...(props.alarms ?? [])],
        width: 24,
      }),
    );
    for (const stage of props.stages) {
      const metrics = stage.widgetMetrics();
      const row: IWidget[] = [
        new GraphWidget({ title: `${metrics.title}: depth`, left: metrics.depth, width: 8 }),
        new GraphWidget({
          title: `${stage.definition.id}: age of oldest message`,
          left: metrics.age,
          width: 8,
        }),
      ];
      if (metrics.function.length > 0) {
        row.push(
          new GraphWidget({ title: `${stage.definition.id}: consumer`, left: metrics.function, width: 8 }),
        );
      }
      this.dashboard.addWidgets(...row);
    }
  }
}
