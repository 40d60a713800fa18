import { Composer, type Context, type Middleware, type MiddlewareFn, type NextFunction } from "grammy";

type MaybePromise<T> = T | Promise<T>;

const asFn = <C extends Context>(mw: Middleware<C>): MiddlewareFn<C> => (typeof mw === "function" ? mw : (ctx, next) => mw.middleware()(ctx, next));

/**
 * grammY's Composer with the same methods and behaviour, and less work per update
 * (docs/architecture.md#the-path-of-an-update). Measured on a cached /cek, which passes some
 * thirty registered handlers on its way: 167 promises per update with grammY's Composer, most
 * of them of two mechanisms replaced here.
 * - `filter` (what `command`, `on`, `callbackQuery`, `chatType`, `hears` are built on): grammY's
 *   goes through `branch` → `lazy`, which for every update that reaches it awaits the
 *   predicate and builds and runs a new Composer, whether the handler matches or not. Here the
 *   predicate is called directly and the handlers' composer, built once, runs when it holds.
 * - `use`: grammY wraps every layer in an async function (two promises per layer and update,
 *   and a check that `next` is called once). Here the layers are chained by plain closures,
 *   built once per change. Middleware here calls `next` at most once and returns or awaits it.
 */
export class BotComposer<C extends Context> extends Composer<C> {
  private readonly steps: MiddlewareFn<C>[];
  private chain: MiddlewareFn<C> | undefined;

  constructor(...middleware: Array<Middleware<C>>) {
    super();
    this.steps = middleware.map(asFn);
  }

  override middleware(): MiddlewareFn<C> {
    return (this.chain ??= chainOf(this.steps));
  }

  override use(...middleware: Array<Middleware<C>>): Composer<C> {
    const composer = new BotComposer<C>(...middleware);
    this.steps.push(composer.runner());
    this.chain = undefined;
    return composer;
  }

  override filter<D extends C>(predicate: (ctx: C) => ctx is D, ...middleware: Array<Middleware<D>>): Composer<D>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Array<Middleware<C>>): Composer<C>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Array<Middleware<C>>): Composer<C> {
    const composer = new BotComposer<C>(...middleware);
    const run = composer.runner();
    this.steps.push((ctx, next) => {
      const ok = predicate(ctx);
      if (typeof ok === "boolean") return ok ? run(ctx, next) : next();
      return ok.then((yes) => (yes ? run(ctx, next) : next()));
    });
    this.chain = undefined;
    return composer;
  }

  /** Runs this composer's current chain: handlers may be added after a parent took it (chaining). */
  private runner(): MiddlewareFn<C> {
    return (ctx, next) => this.middleware()(ctx, next);
  }
}

/** `steps` one after the other, `next` of the last going on to the caller's `next`. */
function chainOf<C extends Context>(steps: MiddlewareFn<C>[]): MiddlewareFn<C> {
  return steps.reduceRight<MiddlewareFn<C>>((rest, step) => (ctx, next) => step(ctx, (() => rest(ctx, next)) as NextFunction), (_ctx, next) => next());
}
