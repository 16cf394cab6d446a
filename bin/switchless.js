#!/usr/bin/env node
// The switchless command. The sources are TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../tools/cli/main.ts');
