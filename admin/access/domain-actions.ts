import { BaseRecord, ValidationError, type Action, type ActionContext, type ActionRequest, type ActionResponse } from 'adminjs';
import { can } from './admin-actions.js';
import type { AppAction, AppSubject } from './abilities.js';
import type { WriteResult } from '../../resources/shared/write-result.js';
import { localise, localiseErrors } from '../../resources/shared/bilingual.js';
import { currentLanguage } from '../../engine/context/request-context.js';

type ActionOptions = Partial<Action<ActionResponse>>;
type Payload = Record<string, unknown>;

/**
 * AdminJS glue for domain services: the form posts to AdminJS, the service
 * validates and writes, and a failure comes back as AdminJS's own field
 * errors (ValidationError -> `record.errors` and an error notice), in the
 * form and in the JSON API alike. Nothing is written on failure.
 */
export function unwrap<T>(result: WriteResult<T>): T {
  if (!result.ok) {
    // In the staff member's language (cookie -> request context); services write both (resources/shared/bilingual.ts).
    const language = currentLanguage();
    throw new ValidationError(localiseErrors(result.errors, language), { message: localise(result.message, language, result.messageEn), type: 'domain' });
  }
  return result.entity;
}

function recordJson(entity: object, context: ActionContext) {
  return new BaseRecord(entity as Record<string, unknown>, context.resource).toJSON(context.currentAdmin);
}

/** After a successful write: the saved record, a success notice, and its page (by the resource's own id property). */
function savedResponse(entity: object, context: ActionContext, message: string) {
  const record = recordJson(entity, context);
  return {
    record,
    redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: String(record.id), actionName: 'show' }),
    notice: { message, type: 'success' as const },
  };
}

/** `new`, `edit` and `delete` handlers backed by a service. */
export function serviceWriteActions(handlers: {
  create?: (payload: Payload) => Promise<WriteResult<object>>;
  update?: (id: string, payload: Payload) => Promise<WriteResult<object>>;
  remove?: (id: string) => Promise<WriteResult<object>>;
}): Record<string, ActionOptions> {
  const out: Record<string, ActionOptions> = {};
  if (handlers.create) {
    const create = handlers.create;
    out.new = {
      handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
        if (request.method !== 'post') return {};
        return savedResponse(unwrap(await create(request.payload ?? {})), context, 'successfullyCreated');
      },
    };
  }
  if (handlers.update) {
    const update = handlers.update;
    out.edit = {
      handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
        const record = context.record!;
        if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin) };
        return savedResponse(unwrap(await update(record.id(), request.payload ?? {})), context, 'successfullyUpdated');
      },
    };
  }
  if (handlers.remove) {
    const remove = handlers.remove;
    out.delete = {
      handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
        const record = context.record!;
        if (request.method === 'get') return { record: record.toJSON(context.currentAdmin) };
        unwrap(await remove(record.id()));
        return {
          record: record.toJSON(context.currentAdmin),
          redirectUrl: context.h.resourceUrl({ resourceId: context.resource.id() }),
          notice: { message: 'successfullyDeleted', type: 'success' },
        };
      },
    };
  }
  return out;
}

/**
 * A record action for one lifecycle step (submit, approve, publish, ...):
 * CASL decides who may call it, `visibleWhen` hides it in states where it
 * cannot apply (the service refuses those anyway), GET returns the record
 * for the confirmation form, POST runs the step.
 */
export function commandAction(opts: {
  subject: AppSubject;
  ability: AppAction;
  icon: string;
  component: string;
  variant?: 'primary' | 'danger' | 'success' | 'info' | 'light';
  visibleWhen: (params: Record<string, unknown>) => boolean;
  run: (id: number, payload: Payload) => Promise<WriteResult<object>>;
  successMessage: string;
  /** Extra params for the confirmation form (e.g. the statuses reachable from here). */
  formParams?: (params: Record<string, unknown>) => Record<string, unknown>;
}): ActionOptions {
  return {
    actionType: 'record',
    icon: opts.icon,
    variant: opts.variant,
    component: opts.component,
    isAccessible: ({ currentAdmin }: ActionContext) => can(currentAdmin, opts.ability, opts.subject),
    isVisible: ({ record }: ActionContext) => (record ? opts.visibleWhen(record.params) : true),
    handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
      const record = context.record!;
      if (request.method !== 'post') {
        const json = record.toJSON(context.currentAdmin);
        return { record: { ...json, params: { ...json.params, ...(opts.formParams?.(record.params) ?? {}) } } };
      }
      return savedResponse(unwrap(await opts.run(Number(record.id()), request.payload ?? {})), context, opts.successMessage);
    },
  };
}

/** Reads a string field of a posted payload ('' when absent). */
export const field = (payload: Payload, name: string): string => (typeof payload[name] === 'string' ? (payload[name] as string) : '');
