<?php
/**
 * Drush 8 aliases as a hosting dashboard once offered them for download.
 */
$aliases['mysite.live'] = array(
  'uri' => 'www.mysite.example.com',
  'remote-host' => 'appserver.live.mysite.example.net',
  'remote-user' => 'live.mysite',
  'ssh-options' => '-p 2222 -o "AddressFamily inet"',
  'path-aliases' => array(
    '%files' => 'files',
    '%drush-script' => 'drush',
  ),
);
$aliases['mysite.test'] = array(
  'parent' => '@mysite.live',
  'uri' => 'test.mysite.example.com',
  'remote-host' => 'appserver.test.mysite.example.net',
  'remote-user' => 'test.mysite',
);
