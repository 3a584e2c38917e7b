import { Inject } from '@nestjs/common';

export const HERALD_CONFIG = Symbol('HERALD_CONFIG');
export const PRISMA = Symbol('PRISMA');
export const InjectConfig = (): ParameterDecorator => Inject(HERALD_CONFIG);
export const InjectPrisma = (): ParameterDecorator => Inject(PRISMA);
export const REDIS = Symbol('REDIS');
export const InjectRedis = (): ParameterDecorator => Inject(REDIS);
export const PG_POOL = Symbol('PG_POOL');
export const InjectPgPool = (): ParameterDecorator => Inject(PG_POOL);
