// smpp 0.5.1 ships no types. This declares only what the project uses: the server, the client
// session, PDUs and the constant tables. PDU parameters are the package's own names (snake_case).
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  namespace smpp {
    /** A decoded `short_message` / `message_payload`: the package decodes text codings in place (string) and leaves others as bytes. */
    interface DecodedMessage {
      udh?: Buffer[];
      message: string | Buffer;
    }

    type PduCallback = (pdu: PDU) => void;

    interface PDU {
      command: string;
      command_id: number;
      command_status: number;
      sequence_number: number;
      system_id?: string;
      password?: string;
      source_addr?: string;
      destination_addr?: string;
      esm_class?: number;
      registered_delivery?: number;
      data_coding?: number | null;
      short_message?: DecodedMessage | Buffer | string;
      message_payload?: DecodedMessage | Buffer | string;
      message_id?: string;
      receipted_message_id?: string;
      message_state?: number;
      [param: string]: unknown;
      isResponse(): boolean;
      response(options?: Record<string, unknown>): PDU;
    }

    type Command = (options?: Record<string, unknown>, responseCallback?: PduCallback, sendCallback?: PduCallback) => boolean;

    interface Session extends EventEmitter {
      socket: Socket;
      server?: Server;
      send(pdu: PDU, responseCallback?: PduCallback, sendCallback?: PduCallback): boolean;
      pause(): void;
      resume(): void;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      // One method per SMPP command (the package generates them all); those used here:
      bind_transceiver: Command;
      bind_transmitter: Command;
      bind_receiver: Command;
      submit_sm: Command;
      deliver_sm: Command;
      enquire_link: Command;
      unbind: Command;
    }

    interface Server extends NetServer {
      sessions: Session[];
    }

    interface Encoding {
      match(value: string): boolean;
      encode(value: string): Buffer;
      decode(value: Buffer): string;
    }
  }

  const smpp: {
    createServer(options: Record<string, unknown>, listener?: (session: smpp.Session) => void): smpp.Server;
    connect(options: { host: string; port: number; auto_enquire_link_period?: number }, listener?: () => void): smpp.Session;
    PDU: new (command: string, options?: Record<string, unknown>) => smpp.PDU;
    /** command_status values, e.g. ESME_RTHROTTLED = 0x58. */
    errors: Record<string, number>;
    consts: {
      ENCODING: Record<string, number>;
      ESM_CLASS: Record<string, number>;
      MESSAGE_STATE: Record<string, number>;
      REGISTERED_DELIVERY: Record<string, number>;
    };
    /** ASCII (GSM 03.38), LATIN1, UCS2: the only codings the package can encode/decode itself. */
    encodings: Record<string, smpp.Encoding>;
  };
  export = smpp;
}
