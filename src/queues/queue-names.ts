/**
 * Every queue and job of the service, named once. Payloads carry ids only: a job reads the current
 * state from the database when it runs, so a job that runs late or twice never acts on stale data.
 */
export const QUEUES = {
  /** Courier bookings for home-delivery trips. */
  delivery: 'delivery',
  /** Messages to people (src/notifications): one job per notifications row. */
  notifications: 'notifications',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  /** Book one trip with the courier (idempotency key: the trip id). */
  bookTrip: 'book-trip',
  /** Send one notifications row (its unique key is the exactly-once guard). */
  sendNotification: 'send-notification',
} as const;

export type JobName = (typeof JOBS)[keyof typeof JOBS];

export interface JobPayloads {
  [JOBS.bookTrip]: { tripId: string };
  [JOBS.sendNotification]: { notificationId: string };
}

export type JobPayload<N extends JobName> = JobPayloads[N];

/** The queue each job goes to. */
export const QUEUE_OF: Readonly<Record<JobName, QueueName>> = {
  [JOBS.bookTrip]: QUEUES.delivery,
  [JOBS.sendNotification]: QUEUES.notifications,
};

/**
 * Deterministic job ids: relaying the same intent twice adds one job. `round` grows when an officer
 * re-dispatches a trip whose booking failed, so the retry is a new job (the failed one may still be
 * kept in Redis under the old id). BullMQ ids may not contain ':'.
 */
export const JOB_IDS = {
  bookTrip: (tripId: string, round: number) => `${JOBS.bookTrip}_${tripId}_${round}`,
  sendNotification: (notificationId: string) => `n_${notificationId}`,
};
