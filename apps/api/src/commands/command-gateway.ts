import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, handleCommand, PreconditionFailedError, StreamStates } from '../../../../libs/application/src';
import { authorise, AuthorisationTarget } from '../../../../libs/auth/src';
import { Decider, DomainCommand, DomainEvent } from '../../../../libs/domain/src/shared';
import { Actor } from '../../../../libs/event-store/src';
import { Runtime } from '../../../../libs/runtime/src';
import { etag } from '../http/request-context';
import { ProblemException } from '../http/problem';

export const RUNTIME = Symbol('Runtime');

/** The one authorisation table decides, for commands and for the few actions that are not events. */
export function ensureAllowed(actor: Actor | undefined, action: string, target: AuthorisationTarget = {}): asserts actor is Actor {
  if (!actor) throw new ProblemException(401, 'niet-geauthenticeerd', 'Niet aangemeld', 'Stuur een geldig toegangstoken mee (Authorization: Bearer ...).');
  const verdict = authorise(actor, action, target);
  if (!verdict.allowed) throw new ProblemException(403, 'geen-toegang', 'Dit mag u niet', verdict.reason);
}

/** The Nest envelope around a plain domain command: @nestjs/cqrs routes it, the decider decides. */
export class ExecuteDomainCommand extends Command<CommandResult> {
  constructor(
    readonly decider: Decider<any, any, any>,
    readonly streamId: string,
    readonly command: DomainCommand,
    readonly context: CommandContext,
    readonly target: AuthorisationTarget,
  ) {
    super();
  }
}

@CommandHandler(ExecuteDomainCommand)
export class ExecuteDomainCommandHandler implements ICommandHandler<ExecuteDomainCommand, CommandResult> {
  /** Streams decided on recently here start from their remembered state (checked by the append). */
  private readonly states = new StreamStates();

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async execute({ decider, streamId, command, context, target }: ExecuteDomainCommand): Promise<CommandResult> {
    ensureAllowed(context.actor, command.type, target);
    try {
      const result = await handleCommand(this.runtime.store, decider, streamId, command, context, this.states);
      if (!result.herhaald) this.runtime.projector.poke();
      return result;
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        throw new ProblemException(412, 'versie-gewijzigd', 'Het dossier is intussen gewijzigd',
          `U werkte met versie ${error.expected}, maar de huidige versie is ${error.actual}. Haal de laatste stand op; er is niets vastgelegd.`,
          { headers: { ETag: etag(error.actual) } });
      }
      throw error;
    }
  }
}

/** What controllers call: one line per command. */
@Injectable()
export class CommandGateway {
  constructor(private readonly bus: CommandBus) {}

  execute<S, C extends DomainCommand, E extends DomainEvent>(
    decider: Decider<S, C, E>, streamId: string, command: C, context: CommandContext, target: AuthorisationTarget = {},
  ): Promise<CommandResult> {
    return this.bus.execute(new ExecuteDomainCommand(decider, streamId, command, context, target));
  }
}
