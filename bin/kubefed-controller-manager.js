#!/usr/bin/env node
import '../dist/src/controllers/main.js';
