import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Wave } from './wave.entity';

export type WaveTransition = 'opened' | 'closed' | 'cancelled';
export type WaveTransitionHook = (manager: EntityManager, wave: Wave) => Promise<void>;

/**
 * What hangs on a wave transition (cancelling its orders, making purchase orders, ...). Hooks run
 * inside the transition's transaction, so they happen exactly when the transition does: once.
 */
@Injectable()
export class WaveLifecycleHooks {
  private readonly hooks = new Map<WaveTransition, WaveTransitionHook[]>();

  on(transition: WaveTransition, hook: WaveTransitionHook): void {
    this.hooks.set(transition, [...(this.hooks.get(transition) ?? []), hook]);
  }

  async run(transition: WaveTransition, manager: EntityManager, wave: Wave): Promise<void> {
    for (const hook of this.hooks.get(transition) ?? []) await hook(manager, wave);
  }
}
