import type { ChatModel, ChatRequest, ModelReply } from './types.js';

/** A model that adds behaviour around another one and is indistinguishable from it in reports. */
export abstract class ModelWrapper implements ChatModel {
  constructor(readonly inner: ChatModel) {}

  get id(): string {
    return this.inner.id;
  }
  get provider(): ChatModel['provider'] {
    return this.inner.provider;
  }
  get cacheParams(): ChatModel['cacheParams'] {
    return this.inner.cacheParams;
  }

  abstract complete(request: ChatRequest): Promise<ModelReply>;
}
