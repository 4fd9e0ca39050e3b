import { ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { ProblemException, ProblemFieldError } from './problem';

type Rules = object[];
interface RuleStore {
  getTargetValidationMetadatas(target: Function, schema: string, always: boolean, strictGroups: boolean, groups?: string[]): Rules;
  groupByPropertyName(rules: Rules): Record<string, Rules>;
  addValidationMetadata(rule: object): void;
  addConstraintMetadata(constraint: object): void;
}
const REMEMBERED = Symbol('kaderflow:rules-remembered');

/**
 * class-validator looks up a class's rules by filtering its whole store (every DTO's rules) on each
 * validate call. The rules of a class are kept after the first lookup, until a rule is added (the
 * DTO classes all load at start-up); lookups with groups or a schema are passed on as they are.
 */
export function rememberValidationRules(store = getMetadataStorage() as unknown as RuleStore & { [REMEMBERED]?: true }): void {
  if (store[REMEMBERED]) return;
  store[REMEMBERED] = true;
  const find = store.getTargetValidationMetadatas.bind(store);
  const group = store.groupByPropertyName.bind(store);
  const addRule = store.addValidationMetadata.bind(store);
  const addConstraint = store.addConstraintMetadata.bind(store);
  let byClass = new Map<Function, Rules>();
  let grouped = new WeakMap<Rules, Record<string, Rules>>();
  const forget = () => {
    byClass = new Map();
    grouped = new WeakMap();
  };
  store.addValidationMetadata = (rule) => (forget(), addRule(rule));
  store.addConstraintMetadata = (constraint) => (forget(), addConstraint(constraint));
  store.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (schema || always || strictGroups || groups?.length) return find(target, schema, always, strictGroups, groups);
    let rules = byClass.get(target);
    if (!rules) byClass.set(target, (rules = find(target, schema, always, strictGroups, groups)));
    return rules;
  };
  store.groupByPropertyName = (rules) => {
    let byProperty = grouped.get(rules);
    if (!byProperty) grouped.set(rules, (byProperty = group(rules)));
    return byProperty;
  };
}

const flatten = (errors: ValidationError[], prefix = ''): ProblemFieldError[] =>
  errors.flatMap((e) => {
    const veld = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((melding) => ({ veld, melding: e.constraints?.whitelistValidation ? `${veld} is geen bekend veld` : melding }));
    return [...own, ...flatten(e.children ?? [], veld)];
  });

/** Rejects unknown properties and reports every field error in one 400 problem. */
export const validationPipe = () => {
  rememberValidationRules();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fouten = flatten(errors);
      return new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig',
        fouten.map((f) => f.melding).join('; ') || 'De invoer is niet geldig.', { fouten });
    },
  });
};
