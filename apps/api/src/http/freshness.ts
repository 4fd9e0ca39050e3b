import { Inject, Injectable } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { Runtime } from '../../../../libs/runtime/src';
import { RUNTIME } from '../commands/command-gateway';
import { ProblemException } from './problem';

export interface FreshnessQuery {
  naPositie?: string;
}

const WAIT_MS = 3000;

/** The one description of naPositie in the OpenAPI document. */
export const naPositieQuery = () =>
  ApiQuery({
    name: 'naPositie', required: false, type: Number, example: 12,
    description: 'Wacht (kort) tot de leesmodellen minstens deze positie verwerkt hebben: de positie uit het antwoord op uw eigen wijziging. ' +
      'Een positie die nog niet is uitgegeven geeft 400; lukt het niet binnen enkele seconden, dan 503 met Retry-After.',
  });

/** The position a read must reflect (after Freshness.ensure checked it), or 0. */
export const naPositie = (query: FreshnessQuery): number => (query.naPositie === undefined ? 0 : Number(query.naPositie));

/** Read-your-writes: a read that names the position of its own write waits briefly for the projector. */
@Injectable()
export class Freshness {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async ensure(query: FreshnessQuery): Promise<void> {
    if (query.naPositie === undefined) return;
    if (!/^\d{1,15}$/.test(query.naPositie)) {
      throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', 'naPositie moet een geheel getal zijn.', {
        fouten: [{ veld: 'naPositie', melding: 'geen geheel getal' }],
      });
    }
    const position = Number(query.naPositie);
    if (this.runtime.projector.position() >= position) return;
    // A position the store never gave out cannot come from a write of the client's: waiting would not help.
    // Not headPosition: that stops below any transaction still open on the server, also one that commits later.
    const head = await this.runtime.store.lastRecordedPosition();
    if (position > head) {
      throw new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig',
        `naPositie ${position} is nog niet uitgegeven: de laatste vastgelegde positie is ${head}. Gebruik de positie uit het antwoord op uw eigen wijziging.`, {
          fouten: [{ veld: 'naPositie', melding: 'positie bestaat (nog) niet' }],
        });
    }
    if (await this.runtime.projector.waitFor(position, WAIT_MS)) return;
    throw new ProblemException(503, 'nog-niet-bijgewerkt', 'De gegevens zijn nog niet bijgewerkt',
      `De leesmodellen staan op positie ${this.runtime.projector.position()}, u vroeg minstens ${position}. Probeer het over enkele seconden opnieuw.`,
      { headers: { 'Retry-After': '1' } });
  }
}
