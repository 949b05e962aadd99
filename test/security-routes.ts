import { RequestMethod } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PUBLIC_KEY, ROLES_KEY } from '../src/auth/auth.decorators';
import { WebExceptionFilter } from '../src/web/web-exception.filter';

export const ROLES = ['ADMIN', 'COOP_MANAGER', 'OFFICER', 'BUYER'] as const;
export type RoleName = (typeof ROLES)[number];

export interface DiscoveredRoute {
  method: string;
  path: string;
  roles: RoleName[];
  public: boolean;
  /** An HTML page: a stranger is sent to the login form, a wrong role gets the 403 page. */
  page: boolean;
}

/** Every route the application serves, with the roles it declares, read from the controllers themselves. */
export function discoverRoutes(app: NestFastifyApplication): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as { prototype: Record<string, unknown> } | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      const page = ((Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, type) ?? []) as unknown[]).includes(WebExceptionFilter);
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const own = Reflect.getMetadata(PATH_METADATA, handler);
        if (own === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase();
        for (const path of Array.isArray(own) ? own : [own]) {
          routes.push({
            method,
            path: `/${[base, String(path)]
              .map((part) => part.replace(/^\/+|\/+$/g, ''))
              .filter(Boolean)
              .join('/')}`,
            roles: Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, type) ?? [],
            public: Boolean(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, type)),
            page,
          });
        }
      }
    }
  }
  return routes;
}
