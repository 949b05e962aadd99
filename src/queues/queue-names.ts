/**
 * Every queue and job of the service, named once. Payloads carry ids only: a job reads the current
 * state from the database when it runs, so a job that runs late or twice never acts on stale data.
 */
export const QUEUES = {
  /** Courier bookings for home-delivery trips. */
  delivery: 'delivery',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  /** Book one trip with the courier (idempotency key: the trip id). */
  bookTrip: 'book-trip',
} as const;

export type JobName = (typeof JOBS)[keyof typeof JOBS];

export interface JobPayloads {
  [JOBS.bookTrip]: { tripId: string };
}

export type JobPayload<N extends JobName> = JobPayloads[N];

/** The queue each job goes to. */
export const QUEUE_OF: Readonly<Record<JobName, QueueName>> = {
  [JOBS.bookTrip]: QUEUES.delivery,
};

/**
 * Deterministic job ids: relaying the same intent twice adds one job. `round` grows when an officer
 * re-dispatches a trip whose booking failed, so the retry is a new job (the failed one may still be
 * kept in Redis under the old id). BullMQ ids may not contain ':'.
 */
export const JOB_IDS = {
  bookTrip: (tripId: string, round: number) => `${JOBS.bookTrip}_${tripId}_${round}`,
};
