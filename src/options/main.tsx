import { render } from 'preact';
import '../ui/recital.css';
import './library.css';
import { openLibraryClient } from './library-client';
import { OptionsApp } from './options-app';

render(
  <OptionsApp openClient={openLibraryClient} />,
  document.getElementById('app') as HTMLElement,
);
