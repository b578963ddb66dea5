/**
 * The notifier's bounded queue of alerts waiting to be sent. When full, the oldest alerts make
 * room for newer ones (a newer alert state supersedes an older one), as in Prometheus.
 */
import type { NotificationAlert } from '../model/notificationAlert.js';

/** Alerts in arrival order, at most `capacity` of them. */
export class NotificationQueue {
  private alerts: NotificationAlert[] = [];

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.alerts.length;
  }

  /** Appends alerts, dropping the oldest beyond capacity; returns how many were dropped. */
  push(alerts: readonly NotificationAlert[]): number {
    for (const alert of alerts) this.alerts.push(alert);
    const excess = this.alerts.length - this.capacity;
    if (excess <= 0) return 0;
    this.alerts = this.alerts.slice(excess);
    return excess;
  }

  /** Removes and returns the oldest alerts, at most `max` of them. */
  take(max: number): NotificationAlert[] {
    return this.alerts.splice(0, max);
  }

  /** Empties the queue; returns how many alerts it held. */
  clear(): number {
    const count = this.alerts.length;
    this.alerts = [];
    return count;
  }
}
