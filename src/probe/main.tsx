import { render } from 'preact';
import '../ui/recital.css';
import './probe.css';
import { openLibraryStore } from '../library/store/index';
import { ProbeApp } from './probe-app';
import { probeClient } from './probe-client';

render(
  <ProbeApp openStore={openLibraryStore} client={probeClient} />,
  document.getElementById('app') as HTMLElement,
);
