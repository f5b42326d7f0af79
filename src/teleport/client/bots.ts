import { RPCS } from '../rpcs';
import type { Bot } from '../types';
import type { Each, RpcCaller } from './caller';

/** Machine ID bots (BotService, Teleport v15+). */
export class BotsClient {
  constructor(private readonly caller: RpcCaller) {}

  iterate(each: Each<Bot>): Promise<void> {
    // The server pages over users and keeps the bots, so a page may be short, even empty, while
    // more follow: the pager reads until the token is empty.
    return this.caller.each(RPCS.listBots, each, { description: 'bots' });
  }
}
