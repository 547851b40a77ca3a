import { loadContract } from '../contract/schemas';
import type { Interaction, InteractionUpdateParams } from '../contract/types.generated';

/** The interaction every fresh store holds: the contract's own example. */
function seedInteraction(): Interaction {
  return structuredClone((loadContract().schemas.Interaction.examples as Interaction[])[0]);
}

/** The id of the seeded interaction: `verify` uses it when no --interaction-id is given. */
export function seededInteractionId(): string {
  return seedInteraction().id;
}

/** The reference provider's in-memory interactions. State handlers and tests touch only seed/reset. */
export class InteractionStore {
  private readonly interactions = new Map<string, Interaction>();

  constructor(private readonly now: () => number = Date.now) {
    this.reset();
  }

  /** Back to one seeded interaction. */
  reset(): void {
    this.interactions.clear();
    this.seed(seedInteraction());
  }

  /** Adds (or replaces) an interaction. */
  seed(interaction: Interaction): void {
    this.interactions.set(interaction.id, structuredClone(interaction));
  }

  get(id: string): Interaction | undefined {
    const found = this.interactions.get(id);
    return found && structuredClone(found);
  }

  /**
   * Applies the provided properties only; `{}` changes nothing (not even
   * updated_at). A null name clears it: the response still carries a string.
   */
  update(id: string, params: InteractionUpdateParams): Interaction | undefined {
    const interaction = this.interactions.get(id);
    if (!interaction) return undefined;
    if ('name' in params && params.name !== undefined) {
      interaction.name = params.name ?? '';
      interaction.updated_at = Math.max(this.now(), interaction.created_at);
    }
    return structuredClone(interaction);
  }
}
