import { Inject } from '@nestjs/common';

export const HERALD_CONFIG = Symbol('HERALD_CONFIG');
/** Injects the typed configuration validated at start-up. */
export const InjectConfig = (): ParameterDecorator => Inject(HERALD_CONFIG);
