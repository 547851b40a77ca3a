/* Generated from contracts/schemas by src/contract/generate.ts. Do not edit: run npm run generate. */
/**
 * Users communicate with agents via interactions. You can think of each interaction as a conversation between an agent and user. Extra properties are allowed: the public description does not forbid them.
 */
export interface Interaction {
  /**
   * The unique identifier of the interaction
   */
  id: string;
  /**
   * The type of the Interaction object
   */
  object: "interaction";
  /**
   * The unique identifier of the agent
   */
  agent_id: string;
  /**
   * Whether the interaction has been archived by the user
   */
  archived: boolean;
  /**
   * The time at which the object was created, measured in milliseconds since the Unix epoch
   */
  created_at: number;
  /**
   * Indicates who sends the first message in each interaction. Defaults to "user".
   */
  initial_turn: "user" | "agent";
  /**
   * The name of the interaction
   */
  name: string;
  /**
   * The total number of messages in the interaction
   */
  total_message_count: number;
  /**
   * The time at which the object was last updated, measured in milliseconds since the Unix epoch
   */
  updated_at: number;
  /**
   * The unique identifier of the user
   */
  user_id: string;
}

/**
 * The data with which an interaction is updated. Only the properties that are provided are updated; those not provided are left unchanged, so {} changes nothing.
 */
export interface InteractionUpdateParams {
  /**
   * The name of the interaction
   */
  name?: string | null;
}

/**
 * The body of every error response.
 */
export interface ApiError {
  error: {
    /**
     * A machine-readable error code
     */
    code:
      | "invalid_request"
      | "invalid_credentials"
      | "forbidden"
      | "resource_not_found"
      | "conflict"
      | "unavailable"
      | "unknown";
    /**
     * A human-readable description of the error
     */
    message: string;
  };
}
