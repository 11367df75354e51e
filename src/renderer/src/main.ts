import { mount } from 'svelte'
import './app.css'
import App from './App.svelte'
import { warmPdfWorker } from './lib/pdf/document'

mount(App, { target: document.getElementById('app')! })

// The pdf.js worker takes a while to start (a 1 MB module); start it once the library is up.
requestIdleCallback(() => warmPdfWorker())
