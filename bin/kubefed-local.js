#!/usr/bin/env node
import '../dist/src/local/main.js';
