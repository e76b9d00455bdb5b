import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { GATEWAY_METADATA, MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { ACCESS_KEY, type Access } from '@app/auth';

export interface RouteEntry {
  method: string;
  /** As declared, with its `:params`, starting with `/`. */
  path: string;
  controller: string;
  handler: string;
  /** What the handler or its controller declares; undefined when neither does. */
  access: Access | undefined;
}

const paths = (value: unknown): string[] => (Array.isArray(value) ? value : [value ?? '']).map(String);

const join = (...parts: string[]): string =>
  `/${parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;

/**
 * Every HTTP route of a Nest application, read from the metadata Nest itself routes by (controllers of every
 * module, their path and the handlers' path and method), with the access each declares. A route added to any
 * controller is in this table without anyone listing it.
 */
export function routeTable(app: INestApplication): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller) continue;
      const controllerPaths = paths(Reflect.getMetadata(PATH_METADATA, controller));
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const access = (Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, controller)) as
          Access | undefined;
        for (const base of controllerPaths) {
          for (const own of paths(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.push({
              method: RequestMethod[method],
              path: join(base, own),
              controller: controller.name,
              handler: name,
              access,
            });
          }
        }
      }
    }
  }
  return routes;
}

/** The events every socket gateway of the application subscribes to (`@SubscribeMessage`). */
export function socketEvents(app: INestApplication): string[] {
  const events: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const gateway = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (typeof gateway !== 'function' || !Reflect.getMetadata(GATEWAY_METADATA, gateway)) continue;
      const prototype = gateway.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        const event = typeof handler === 'function' ? Reflect.getMetadata(MESSAGE_METADATA, handler) : undefined;
        if (typeof event === 'string') events.push(event);
      }
    }
  }
  return [...new Set(events)];
}
